import {registry} from "@web/core/registry";

// A stock manager keeps two serials out of every reservation (units kept for testing).
registry.category("web_tour.tours").add("serial_lifecycle_picking_rule_tour", {
    steps: () => [
        {
            content: "New picking rule",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Units kept for testing",
        },
        {
            content: "Choose the product",
            trigger: ".o_field_widget[name=product_id] input",
            run: "edit Tour Rule Phone",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Rule Phone)",
            run: "click",
        },
        {
            content: "Never reserve them",
            trigger: ".o_field_widget[name=mode] input[data-value=exclude]",
            run: "click",
        },
        {
            content: "First serial of the range",
            trigger: ".o_field_widget[name=serial_from] input",
            run: "edit TRULE-001",
        },
        {
            content: "Last serial of the range",
            trigger: ".o_field_widget[name=serial_to] input",
            run: "edit TRULE-002",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Back to the list",
            trigger: ".o_breadcrumb a:contains(Serial Picking Rules)",
            run: "click",
        },
        {
            content: "The rule is listed with its range",
            trigger:
                ".o_data_row:contains(Tour Rule Phone):contains(TRULE-001 to TRULE-002):contains(Never Reserve)",
        },
    ],
});
