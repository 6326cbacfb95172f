import {registry} from "@web/core/registry";

// Put a file in a file input, as a user choosing it would.
function chooseFile(input, name, type, content) {
    const transfer = new DataTransfer();
    transfer.items.add(new File([content], name, {type}));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", {bubbles: true}));
}

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
            trigger:
                "tr.o_serial_device:has(td:contains(TOUR-PT-001)):has(td:contains(Under Warranty))",
        },
        {
            content: "...with its certificate to download",
            trigger:
                "tr.o_serial_device:has(td:contains(TOUR-PT-001)) a.o_serial_certificate",
        },
        {
            content: "Open a claim on it",
            trigger:
                "tr.o_serial_device:has(td:contains(TOUR-PT-001)) a.o_serial_open_claim",
            run: "click",
        },
        {
            content: "Say what is wrong",
            trigger: "textarea[name=symptom]",
            run: "edit The battery does not charge",
        },
        {
            content: "Join a photo",
            trigger: "input[name=photos]",
            run() {
                chooseFile(this.anchor, "battery.png", "image/png", "PNG");
            },
        },
        {
            content: "Send the claim",
            trigger: ".o_serial_claim_form button[type=submit]",
            run: "click",
        },
        {
            content: "The decision is shown at once",
            trigger:
                ".o_serial_claim_decision:contains(Accepted):contains(TOUR-PT-001 is covered until)",
        },
        {
            content: "Back to the portal home",
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
        },
        {
            content: "My Devices, to register one bought from a reseller",
            trigger: "a[href='/my/devices']",
            run: "click",
        },
        {
            content: "Register a device",
            trigger: "a.o_serial_register_device",
            run: "click",
        },
        {
            content: "Its product",
            trigger: "select[name=product]",
            run: "selectByLabel Tour Portal Drill",
        },
        {
            content: "Its serial",
            trigger: "input[name=serial]",
            run: "edit TOUR-PT-002",
        },
        {
            content: "When it was bought",
            trigger: "input[name=purchase_date]",
            run() {
                this.anchor.value = "2026-11-02";
            },
        },
        {
            content: "The proof of purchase",
            trigger: "input[name=proof]",
            run() {
                chooseFile(this.anchor, "invoice.pdf", "application/pdf", "%PDF-1.4");
            },
        },
        {
            content: "Register",
            trigger: ".o_serial_register_form button[type=submit]",
            run: "click",
        },
        {
            content: "The registration waits for our team",
            trigger:
                ".o_serial_registration:contains(TOUR-PT-002):contains(is being reviewed)",
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
            trigger:
                ".o_serial_check_answer:contains(This is a genuine serial number of this product.):contains(Under warranty until)",
        },
        {
            content: "Now a stolen one",
            trigger: "input[name=serial]",
            run: "edit TOUR-PT-003",
        },
        {
            content: "Check it",
            trigger: ".o_serial_check button[type=submit]",
            run: "click",
        },
        {
            content: "Genuine, but reported stolen",
            trigger: ".o_serial_check_answer:contains(It is reported lost or stolen.)",
        },
        {
            content: "And one that does not exist",
            trigger: "input[name=serial]",
            run: "edit TOUR-PT-999",
        },
        {
            content: "Check it",
            trigger: ".o_serial_check button[type=submit]",
            run: "click",
        },
        {
            content: "Not genuine",
            trigger:
                ".o_serial_check_answer:contains(This is not a genuine serial number of this product.)",
        },
    ],
});
