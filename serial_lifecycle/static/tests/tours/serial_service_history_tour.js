import {registry} from "@web/core/registry";

// A service agent reads a unit's timeline, then a manager gives the
// refurbished unit a new serial number.
registry.category("web_tour.tours").add("serial_lifecycle_service_history_tour", {
    steps: () => [
        {
            content: "Open the service history of the unit",
            trigger: ".o_notebook a.nav-link:contains(Service History)",
            run: "click",
        },
        {
            content: "The receipt is there",
            trigger:
                ".o_field_widget[name=service_history_ids] .o_data_row:contains(Receipt from Vendor)",
        },
        {
            content: "The battery fitted, with its serial",
            trigger:
                ".o_field_widget[name=service_history_ids] .o_data_row:contains(Component Installed · ASM-9 · TS-B1)",
        },
        {
            content: "Re-serialize the refurbished unit",
            trigger: ".o_statusbar_buttons button:contains(Re-serialize)",
            run: "click",
        },
        {
            content: "Type the new serial number",
            trigger: ".modal .o_field_widget[name=new_name] input",
            run: "edit TS-U1-R",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Refurbished: new housing",
        },
        {
            trigger: ".modal .modal-footer button:contains(Re-serialize)",
            run: "click",
        },
        {
            content: "The new serial opens, linked to the old one",
            trigger: ".o_field_widget[name=reserialized_from_id]:contains(TS-U1)",
        },
        {
            content: "Its history starts with the re-serialization",
            trigger:
                ".o_field_widget[name=service_history_ids] .o_data_row:contains(New Serial of a Re-serialized Unit)",
        },
    ],
});
