import {registry} from "@web/core/registry";

// A stock keeper counts a shelf by serial: one serial found, one missing, then applies the count.
registry.category("web_tour.tours").add("serial_lifecycle_count_tour", {
    steps: () => [
        {
            content: "New count",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Count the tour shelf",
            trigger: ".o_field_widget[name=location_id] input",
            run: "edit Tour Count Shelf",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Count Shelf)",
            run: "click",
        },
        {
            content: "Scan what is found there",
            trigger: ".o_field_widget[name=scanned_serials] textarea",
            run: "edit TCOUNT-1",
        },
        {
            trigger: ".o_statusbar_buttons button:contains(Check)",
            run: "click",
        },
        {
            content: "Open the result",
            trigger: ".o_notebook a.nav-link:contains(Result)",
            run: "click",
        },
        {
            content: "The missing serial is listed with what applying will do",
            trigger:
                ".o_field_widget[name=line_ids] .o_data_row:contains(TCOUNT-2):contains(Missing):contains(Inventory loss)",
        },
        {
            trigger:
                ".o_field_widget[name=line_ids] .o_data_row:contains(TCOUNT-1):contains(Matched)",
        },
        {
            content: "Apply, after confirming",
            trigger: ".o_statusbar_buttons button:contains(Apply)",
            run: "click",
        },
        {
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The count is applied",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value=done]",
        },
    ],
});
