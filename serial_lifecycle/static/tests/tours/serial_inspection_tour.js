import {registry} from "@web/core/registry";

// An inspector opens a receipt's inspection screen, scans a serial and records its checks.
registry.category("web_tour.tours").add("serial_lifecycle_inspection_tour", {
    steps: () => [
        {
            content: "Open the receipt's inspection screen",
            trigger: ".o_form_view button[name=action_open_inspection_wizard]",
            run: "click",
        },
        {
            content: "Both serials wait, two checks each",
            trigger: ".modal .o_data_row:contains(TQA-001):contains(Voltage)",
        },
        {
            content: "Scan the second serial",
            trigger: ".modal .o_field_widget[name=scan] input",
            run: "edit TQA-002 && press Enter",
        },
        {
            content: "It is selected",
            trigger: ".modal .o_field_widget[name=lot_id]:contains(TQA-002)",
        },
        {
            content: "Its lines are highlighted",
            trigger: ".modal .o_data_row.fw-bold:contains(TQA-002)",
        },
        {
            content: "Visual check of the scanned serial",
            trigger:
                ".modal .o_data_row:contains(TQA-002):contains(Visual) .o_data_cell[name=result]",
            run: "click",
        },
        {
            trigger:
                ".modal .o_data_row:contains(TQA-002):contains(Visual) .o_field_widget[name=result] select",
            run: 'select "pass"',
        },
        {
            content: "Measured voltage of the scanned serial",
            trigger:
                ".modal .o_data_row:contains(TQA-002):contains(Voltage) .o_data_cell[name=value]",
            run: "click",
        },
        {
            trigger:
                ".modal .o_data_row:contains(TQA-002):contains(Voltage) .o_field_widget[name=value] input",
            run: "edit 5.1",
        },
        {
            content: "Record",
            trigger: ".modal-footer button[name=action_record]",
            run: "click",
        },
        {
            content: "The screen comes back with the serial still waiting",
            trigger: ".modal .o_data_row:contains(TQA-001):contains(Visual)",
        },
        {
            trigger: ".modal:not(:has(.o_data_row:contains(TQA-002)))",
        },
        {
            content: "Close",
            trigger: ".modal-footer button.btn-secondary",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
