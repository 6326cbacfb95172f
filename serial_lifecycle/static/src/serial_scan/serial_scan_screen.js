/** @odoo-module **/
import { Component, useRef, useState, onMounted } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { url } from "@web/core/utils/urls";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * Scan screen: a scanner (keyboard input ending with Enter) or typing drives
 * it. The server answers every scan (serial.scan/scan) with what to show and
 * the session, which lives here: current location or transfer, and what was
 * scanned (a duplicate scan is refused by the server).
 */
export class SerialScanScreen extends Component {
    static template = "serial_lifecycle.SerialScanScreen";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.input = useRef("scanInput");
        this.state = useState({
            session: { scanned: [] },
            mode: "",
            card: null,
            log: [],
            busy: false,
        });
        const extension = new Audio().canPlayType("audio/ogg") ? "ogg" : "mp3";
        this.sounds = {
            success: new Audio(url(`/mail/static/src/audio/ting.${extension}`)),
            error: new Audio(url(`/barcodes/static/src/audio/error.${extension}`)),
        };
        onMounted(() => this.input.el.focus());
    }

    playSound(kind) {
        const sound = this.sounds[kind];
        sound.currentTime = 0;
        // Browsers refuse to play before a user gesture; the visual feedback stays.
        sound.play().catch(() => {});
    }

    async onKeydown(ev) {
        if (ev.key !== "Enter") {
            return;
        }
        ev.preventDefault();
        const text = this.input.el.value;
        this.input.el.value = "";
        if (!text.trim() || this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            const answer = await this.orm.call("serial.scan", "scan", [text, this.state.session]);
            this.state.session = answer.session;
            const ok = answer.kind !== "error";
            if (answer.kind === "location" || answer.kind === "picking") {
                this.state.mode = answer.message;
                this.state.card = null;
            } else if (ok) {
                // A serial put on a receipt has no card until the receipt is validated.
                this.state.card = answer.card || null;
            }
            this.state.log.unshift({ id: this.state.log.length + 1, ok, message: answer.message });
            this.playSound(ok ? "success" : "error");
            if (!ok) {
                this.notification.add(answer.message, { type: "danger" });
            }
        } finally {
            this.state.busy = false;
            this.input.el.focus();
        }
    }

    reset() {
        this.state.session = { scanned: [] };
        this.state.mode = "";
        this.state.card = null;
        this.input.el.focus();
    }

    openPicking() {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "stock.picking",
            res_id: this.state.session.picking_id,
            views: [[false, "form"]],
        });
    }

    flagClass(flag) {
        return { info: "text-bg-info", warning: "text-bg-warning", danger: "text-bg-danger" }[flag.level] || "text-bg-secondary";
    }
}

registry.category("actions").add("serial_lifecycle.serial_scan_screen", SerialScanScreen);
