import {registry} from "@web/core/registry";

// A receiving clerk pastes the serials the supplier announced for a receipt.
registry.category("web_tour.tours").add("serial_lifecycle_asn_tour", {
    steps: () => [
        {
            content: "Open Announced Serials",
            trigger: ".o_form_statusbar button:contains(Announced Serials)",
            run: "click",
        },
        {
            content: "Choose the product",
            trigger: ".modal .o_field_widget[name=product_id] input",
            run: "edit Tour ASN Phone",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tour ASN Phone)",
            run: "click",
        },
        {
            content: "Paste the supplier's list",
            trigger: ".modal .o_field_widget[name=serial_text] textarea",
            run: "edit TASN-002",
        },
        {
            content: "Announce",
            trigger: ".modal button[name=action_announce]",
            run: "click",
        },
        {
            content: "The receipt shows its announced serials",
            trigger: ".o_notebook a:contains(Announced Serials)",
            run: "click",
        },
        {
            trigger:
                ".o_field_widget[name=serial_asn_line_ids] .o_data_row:contains(TASN-002)",
        },
    ],
});
