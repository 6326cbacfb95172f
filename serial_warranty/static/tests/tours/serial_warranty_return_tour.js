import {registry} from "@web/core/registry";

// A customer sends back a serial reported stolen: the return wizard refuses
// it with its reason, and the manager takes it back anyway, saying why.
registry.category("web_tour.tours").add("serial_warranty_return_tour", {
    steps: () => [
        {
            content: "Open the return wizard of the delivery",
            trigger: ".o_statusbar_buttons button:contains(Return)",
            run: "click",
        },
        {
            content: "Choose the serial coming back",
            trigger: ".modal .o_data_row:first td[name=lot_ids]",
            run: "click",
        },
        {
            trigger: ".modal .o_data_row:first .o_field_widget[name=lot_ids] input",
            run: "edit TOUR-R-001",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(TOUR-R-001)",
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
            content: "The serial is refused, with its reason",
            trigger: ".modal:contains(TOUR-R-001 is reported lost or stolen)",
        },
        {
            trigger:
                ".modal:contains(TOUR-R-001 is reported lost or stolen) .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The manager forces the return, saying why",
            trigger: ".modal .o_field_widget[name=force_reason] textarea",
            run: "edit Found in the customer's warehouse",
        },
        {
            trigger: ".modal-footer button[name=action_create_returns]",
            run: "click",
        },
        {
            content: "The return is created",
            trigger: ".o_breadcrumb:contains(/IN/)",
        },
    ],
});
