import {registry} from "@web/core/registry";

// At the service desk: scan the serial of a faulty unit and read the decision.
registry.category("web_tour.tours").add("serial_warranty_claim_tour", {
    steps: () => [
        {
            content: "Scan the serial",
            trigger: ".o_field_widget[name=serial_name] input",
            run: "edit TOUR-W-001 && click body",
        },
        {
            content: "Describe the symptom",
            trigger: ".o_field_widget[name=symptom] textarea",
            run: "edit Does not power on",
        },
        {
            content: "The serial filled the product",
            trigger: ".o_field_widget[name=product_id] input:value('Tour Drill')",
        },
        {
            content: "...and the customer it was shipped to",
            trigger: ".o_field_widget[name=partner_id] input:value('Tour Customer')",
        },
        {
            content: "Save: the serial is checked at once",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The claim is approved",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value=approved]",
        },
        {
            content: "The decision says why",
            trigger: ".alert-success:contains(TOUR-W-001 is covered until)",
        },
        {
            content: "The next step is offered",
            trigger: ".o_statusbar_buttons button:contains(Create Return and Repair)",
        },
    ],
});
