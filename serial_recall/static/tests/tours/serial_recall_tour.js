import {registry} from "@web/core/registry";

// A quality manager recalls a range of serials: new campaign, a range line,
// preview the units it matches, open it after a dialog that counts what it
// will touch, and find the quarantine transfer ready.
registry.category("web_tour.tours").add("serial_recall_campaign_tour", {
    steps: () => [
        {
            content: "Create a campaign",
            trigger: ".o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=title] input",
            run: "edit Tour recall: cracked housing",
        },
        {
            content: "Add a selection line",
            trigger:
                ".o_field_widget[name=criterion_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger:
                ".o_field_widget[name=criterion_ids] .o_selected_row .o_list_many2one[name=product_id] input",
            run: "edit Tour Recall Pump",
        },
        {
            trigger: ".ui-menu-item-wrapper:contains(Tour Recall Pump)",
            run: "click",
        },
        {
            trigger:
                ".o_field_widget[name=criterion_ids] .o_selected_row [name=serial_from] input",
            run: "edit TRP-0002",
        },
        {
            trigger:
                ".o_field_widget[name=criterion_ids] .o_selected_row [name=serial_to] input",
            run: "edit TRP-0005",
        },
        {
            content: "Preview the campaign",
            trigger:
                ".o_statusbar_buttons button[name=action_preview]:contains(Preview)",
            run: "click",
        },
        {
            content: "Four serials match: three in stock, one at a customer",
            trigger: ".o_notebook a.nav-link:contains(Preview)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=preview_total]:contains(4)",
        },
        {
            trigger: ".o_field_widget[name=preview_in_stock]:contains(3)",
        },
        {
            trigger: ".o_field_widget[name=preview_at_customer]:contains(1)",
        },
        {
            trigger:
                ".o_field_widget[name=preview_lot_ids] .o_data_row:contains(TRP-0005)",
        },
        {
            content: "Open the campaign",
            trigger: ".o_statusbar_buttons button[name=action_confirm_open]",
            run: "click",
        },
        {
            content: "The dialog says what opening will do before it is done",
            trigger:
                ".modal .o_field_widget[name=summary]:contains(This will quarantine 3 units in stock at 1 warehouse and record 1 unit held by 1 customer)",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The campaign is open, its units counted",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value=open]",
        },
        {
            trigger: ".oe_stat_button:contains(Units):contains(4)",
        },
        {
            content: "The quarantine transfer is listed, ready to process",
            trigger: ".o_notebook a.nav-link:contains(Quarantine Transfers)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=transfer_ids] .o_data_row:contains(Ready)",
        },
    ],
});
