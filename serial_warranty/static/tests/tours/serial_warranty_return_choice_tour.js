import {registry} from "@web/core/registry";

// Three serials of a product without warranty terms went out on one
// delivery; the customer sends back the second: the return carries it.
registry.category("web_tour.tours").add("serial_warranty_return_choice_tour", {
    steps: () => [
        {
            content: "Open the return wizard of the delivery",
            trigger: ".o_statusbar_buttons button:contains(Return)",
            run: "click",
        },
        {
            content: "Choose the second serial",
            trigger: ".modal .o_data_row:first td[name=lot_ids]",
            run: "click",
        },
        {
            trigger: ".modal .o_data_row:first .o_field_widget[name=lot_ids] input",
            run: "edit TOUR-P-002",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(TOUR-P-002)",
            run: "click",
        },
        {
            content: "The quantity follows the serials chosen",
            trigger: ".modal .o_data_row:first td[name=quantity] input:value('1.00')",
        },
        {
            content: "Create the return",
            trigger: ".modal-footer button[name=action_create_returns]",
            run: "click",
        },
        {
            content: "The return is created",
            trigger: ".o_breadcrumb:contains(/IN/)",
        },
        {
            content: "Open the detailed operations of the return",
            trigger:
                ".o_field_widget[name=move_ids_without_package] .o_data_row .fa-list",
            run: "click",
        },
        {
            content: "The return carries the serial chosen, and no other",
            trigger: ".modal .o_data_row:contains(TOUR-P-002)",
        },
        {
            trigger:
                ".modal:has(.o_data_row):not(:has(.o_data_row:contains(TOUR-P-001)))",
        },
    ],
});
