import {registry} from "@web/core/registry";

// A quality manager opens Serials > Analytics > Failure Rates and regroups
// the pivot by supplier.
registry.category("web_tour.tours").add("serial_analytics_tour", {
    steps: () => [
        {
            content: "Open the Serials menu",
            trigger: ".o_menu_sections button:contains(Serials)",
            run: "click",
        },
        {
            content: "Open Analytics > Failure Rates",
            trigger: ".dropdown-item:contains(Failure Rates)",
            run: "click",
        },
        {
            content: "The pivot shows the product of the shipped units",
            trigger: ".o_pivot tbody th:contains(Tour Analytics Drill)",
        },
        {
            content: "Two units shipped, one failed: 50%",
            trigger:
                ".o_pivot tbody tr:has(th:contains(Tour Analytics Drill)) td:last:contains(50.00)",
        },
        {
            content: "Collapse the rows to their total",
            trigger: ".o_pivot tbody .o_pivot_header_cell_opened:contains(Total)",
            run: "click",
        },
        {
            content: "Open the groupings of the total",
            trigger: ".o_pivot tbody .o_pivot_header_cell_closed:contains(Total)",
            run: "click",
        },
        {
            content: "Group by supplier",
            trigger: ".o-dropdown--menu .dropdown-item:contains(Supplier)",
            run: "click",
        },
        {
            content: "The rows are the suppliers now",
            trigger: ".o_pivot tbody th:contains(Tour Analytics Vendor)",
        },
    ],
});
