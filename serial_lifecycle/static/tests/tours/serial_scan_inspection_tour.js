import {registry} from "@web/core/registry";

// An inspector scans received serials on the scan screen and records their checks there.
function scan(text) {
    return {
        content: `Scan ${text}`,
        trigger: ".o_serial_scan_input",
        run: `edit ${text} && press Enter`,
    };
}

function check(name, selector) {
    return `.o_serial_scan_inspection .o_serial_scan_check[data-check=${name}] ${selector}`;
}

registry.category("web_tour.tours").add("serial_lifecycle_scan_inspection_tour", {
    steps: () => [
        // The unit's GS1 label as a scanner sends it: (01) GTIN, (21) serial.
        scan("010761234598770521TSI-1"),
        {
            content:
                "The card of the labelled serial waits for its inspection, with the plan's checks",
            trigger:
                ".o_serial_scan_card:has(.o_serial_scan_card_name:contains(TSI-1)):has(.o_serial_scan_quality:contains(Pending Inspection)) .o_serial_scan_inspection:contains(Scan tour plan)",
        },
        {
            content: "The measured check shows its limits and unit",
            trigger: check(
                "Voltage",
                ".o_serial_scan_check_limits:contains(4.5-5.5 V)"
            ),
        },
        {
            content: "Visual: pass",
            trigger: check("Visual", ".o_serial_scan_pass"),
            run: "click",
        },
        {
            trigger: check("Visual", ".o_serial_scan_pass.btn-success"),
        },
        {
            content: "Voltage measured",
            trigger: check("Voltage", ".o_serial_scan_value"),
            run: "edit 5.1",
        },
        {
            content: "Record",
            trigger: ".o_serial_scan_record",
            run: "click",
        },
        {
            content:
                "Passed: said in the banner, on the card and in its history; no checks left",
            trigger:
                ".o_serial_scan_screen:has(.o_serial_scan_feedback.alert-success:contains(TSI-1 passed its inspection)):has(.o_serial_scan_quality:contains(Passed)):has(.o_serial_scan_events:contains(Inspection Passed)):not(:has(.o_serial_scan_inspection))",
        },
        scan("TSI-2"),
        {
            content: "The next serial's checks, nothing entered yet",
            trigger:
                ".o_serial_scan_card:has(.o_serial_scan_card_name:contains(TSI-2)) .o_serial_scan_inspection:not(:has(.btn-success))",
        },
        {
            content: "Visual: pass",
            trigger: check("Visual", ".o_serial_scan_pass"),
            run: "click",
        },
        {
            content: "A value that is no number, recorded with Enter",
            trigger: check("Voltage", ".o_serial_scan_value"),
            run: "edit abc && press Enter",
        },
        {
            content: "Refused by name; the checks stay to correct",
            trigger:
                ".o_serial_scan_screen:has(.o_serial_scan_feedback.alert-danger:contains(is not a number)) " +
                check("Visual", ".o_serial_scan_pass.btn-success"),
        },
        {
            content: "Voltage out of its limits, with a decimal comma",
            trigger: check("Voltage", ".o_serial_scan_value"),
            run: "edit 6,2 && press Enter",
        },
        {
            content: "Failed, naming the check",
            trigger:
                ".o_serial_scan_screen:has(.o_serial_scan_feedback.alert-warning:contains(TSI-2 failed its inspection: Failed checks: Voltage)):has(.o_serial_scan_quality:contains(Failed)):has(.o_serial_scan_events:contains(Inspection Failed))",
        },
        {
            content: "The scan field has the focus again, for the next serial",
            trigger: ".o_serial_scan_input",
            run() {
                if (
                    document.activeElement !==
                    document.querySelector(".o_serial_scan_input")
                ) {
                    throw new Error("the scan field lost the focus");
                }
            },
        },
        {
            content: "Two scans counted; recorded results are not scans",
            trigger: ".o_serial_scan_count:contains(2 scanned)",
        },
    ],
});
