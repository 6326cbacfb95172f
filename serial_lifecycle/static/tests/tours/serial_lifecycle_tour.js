import {registry} from "@web/core/registry";

// A warehouse manager opens a serial, reads its history and quarantines it.
registry.category("web_tour.tours").add("serial_lifecycle_quarantine_tour", {
    steps: () => [
        {
            content: "The serial opens on its lifecycle state",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value=available]",
        },
        {
            content: "Open the lifecycle history",
            trigger: ".o_notebook a.nav-link:contains(Lifecycle)",
            run: "click",
        },
        {
            content: "The receipt from the vendor is in the timeline",
            trigger:
                ".o_field_widget[name=lifecycle_event_ids] .o_data_row:contains(Receipt from Vendor):contains(Tour Vendor)",
        },
        {
            content: "Quarantine the serial",
            trigger: ".o_statusbar_buttons button:contains(Quarantine)",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Casing cracked at the incoming inspection",
        },
        {
            trigger: ".modal .modal-footer button:contains(Record)",
            run: "click",
        },
        {
            content: "The serial is now quarantined",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value=quarantined]",
        },
        {
            content: "The quarantine is the newest event, with its reason",
            trigger:
                ".o_field_widget[name=lifecycle_event_ids] .o_data_row:first:contains(Quarantined):contains(Casing cracked)",
        },
        {
            content: "Only a release is offered now",
            trigger:
                ".o_statusbar_buttons:not(:has(button:contains(Quarantine))) button:contains(Release)",
        },
    ],
});
