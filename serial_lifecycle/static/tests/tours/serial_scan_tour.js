import {registry} from "@web/core/registry";

// A warehouse worker scans a serial to see it, then a shelf and two serials to move them.
function scan(text) {
    return {
        content: `Scan ${text}`,
        trigger: ".o_serial_scan_input",
        run: `edit ${text} && press Enter`,
    };
}

registry.category("web_tour.tours").add("serial_lifecycle_scan_tour", {
    steps: () => [
        scan("TSCAN-1"),
        {
            content: "The serial's card shows its state, location and receipt",
            trigger:
                ".o_serial_scan_card:has(.o_serial_scan_card_name:contains(TSCAN-1)):has(.o_serial_scan_state:contains(Available)):has(.o_serial_scan_events:contains(Receipt from Vendor))",
        },
        {
            content:
                "The screen has a title; the history has headers; Available is green, as in the serial list",
            trigger:
                ".o_serial_scan_screen:has(h2:contains(Scan Serials)):has(.o_serial_scan_events thead th:contains(Date)) .o_serial_scan_state.text-bg-success",
        },
        scan("TOUR-SHELF"),
        {
            content: "The screen now moves serials to the shelf",
            trigger: ".o_serial_scan_mode:contains(Tour Shelf)",
        },
        {
            content: "Two serials scanned in one burst, as a scanner fires them",
            trigger: ".o_serial_scan_input",
            run() {
                const input = document.querySelector(".o_serial_scan_input");
                for (const text of ["TSCAN-1", "TSCAN-2"]) {
                    input.value = text;
                    input.dispatchEvent(
                        new KeyboardEvent("keydown", {key: "Enter", bubbles: true})
                    );
                }
            },
        },
        {
            content:
                "Both are answered, in order: none is dropped while the first is answered",
            trigger:
                ".o_serial_scan_log:has(li:contains(TSCAN-1 moved from)):has(li:contains(TSCAN-2 moved from))",
        },
        {
            content: "The second serial's card shows the shelf",
            trigger:
                ".o_serial_scan_card:has(.o_serial_scan_card_name:contains(TSCAN-2)) .o_serial_scan_location:contains(Tour Shelf)",
        },
        {
            content: "The screen counts the scans of the session",
            trigger: ".o_serial_scan_count:contains(4 scanned)",
        },
        scan("TSCAN-2"),
        {
            content: "A duplicate scan is refused",
            trigger: ".o_serial_scan_feedback.alert-danger:contains(already scanned)",
        },
        {
            content:
                "The refusal is in the banner only: no pop-up covers the scan field",
            trigger: "body:not(:has(.o_notification))",
        },
    ],
});
