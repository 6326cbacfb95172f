/** @odoo-module **/
import { registry } from "@web/core/registry";

// A customer opens My Devices from the portal home and finds the certificate.
registry.category("web_tour.tours").add("serial_portal_devices_tour", {
    steps: () => [
        {
            content: "Open My Devices from the portal home",
            trigger: "a[href='/my/devices']",
            run: "click",
        },
        {
            content: "The company's device is listed with its warranty",
            trigger: "tr.o_serial_device:has(td:contains(TOUR-PT-001)):has(td:contains(Under Warranty))",
        },
        {
            content: "...with its certificate to download",
            trigger: "tr.o_serial_device:has(td:contains(TOUR-PT-001)) a.o_serial_certificate",
        },
        {
            content: "Open a claim on it",
            trigger: "tr.o_serial_device:has(td:contains(TOUR-PT-001)) a.o_serial_open_claim",
            run: "click",
        },
        {
            content: "Say what is wrong",
            trigger: "textarea[name=symptom]",
            run: "edit The battery does not charge",
        },
        {
            content: "Send the claim",
            trigger: ".o_serial_claim_form button[type=submit]",
            run: "click",
        },
        {
            content: "The decision is shown at once",
            trigger: ".o_serial_claim_decision:contains(Accepted):contains(TOUR-PT-001 is covered until)",
        },
    ],
});

// Anybody checks a serial on the public page.
registry.category("web_tour.tours").add("serial_public_check_tour", {
    steps: () => [
        {
            content: "Choose the product",
            trigger: "select[name=product]",
            run: "selectByLabel Tour Portal Drill",
        },
        {
            content: "Type the serial",
            trigger: "input[name=serial]",
            run: "edit TOUR-PT-001",
        },
        {
            content: "Check it",
            trigger: ".o_serial_check button[type=submit]",
            run: "click",
        },
        {
            content: "Genuine, and under warranty",
            trigger: ".o_serial_check_answer:contains(This is a genuine serial number of this product.):contains(Under warranty until)",
        },
    ],
});
