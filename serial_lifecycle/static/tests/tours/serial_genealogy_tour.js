import {registry} from "@web/core/registry";

// A service agent opens a laptop, reads what is inside it and what was, and
// scans a spare battery into it.
registry.category("web_tour.tours").add("serial_lifecycle_genealogy_tour", {
    steps: () => [
        {
            content: "Open the genealogy of the unit",
            trigger: ".o_notebook a.nav-link:contains(Genealogy)",
            run: "click",
        },
        {
            content: "The board is inside, with its state",
            trigger:
                ".o_genealogy_tree .o_genealogy_node:contains(TG-M1):contains(Available)",
        },
        {
            content: "The battery inside the board, one level down",
            trigger:
                ".o_genealogy_tree .o_genealogy_node:contains(TG-B1)[style*='1.5em']",
        },
        {
            content: "The battery taken out shows with its dates",
            trigger:
                ".o_field_widget[name=genealogy_history_ids] .o_data_row:contains(TG-B0 in TG-L1 from 03/01/2026 to 09/14/2026)",
        },
        {
            content: "Install a component",
            trigger: ".o_statusbar_buttons button:contains(Install Components)",
            run: "click",
        },
        {
            content: "Scan the spare battery",
            trigger: ".modal .o_field_widget[name=scan] input",
            run: "edit TG-B2 && press Enter",
        },
        {
            content:
                "The scanned battery is listed and the scan field ready for the next",
            trigger:
                ".modal .o_field_widget[name=component_lot_ids] .o_data_row:contains(TG-B2)",
        },
        {
            content: "Say which visit",
            trigger: ".modal .o_field_widget[name=reference] input",
            run: "edit VISIT-42",
        },
        {
            trigger: ".modal .modal-footer button:contains(Install)",
            run: "click",
        },
        {
            content: "The spare battery is now in the tree",
            trigger: ".o_genealogy_tree .o_genealogy_node:contains(TG-B2)",
        },
        {
            content: "And in the history, from today",
            trigger:
                ".o_field_widget[name=genealogy_history_ids] .o_data_row:contains(TG-B2 in TG-L1 since)",
        },
    ],
});
