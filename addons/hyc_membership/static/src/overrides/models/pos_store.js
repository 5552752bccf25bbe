import { patch } from "@web/core/utils/patch";
import { PosStore } from "@point_of_sale/app/store/pos_store";
import { _t } from "@web/core/l10n/translation";

// Member lookup: the till does not hold the member cards (the server leaves them out of
// the POS data); it asks the server for one member by mobile, member number or card
// code, loads that member's partner and cards, and makes the member the customer.
patch(PosStore.prototype, {
    async hycFindMember(query, { silent = false } = {}) {
        const text = (query || "").trim();
        if (!text) {
            return false;
        }
        // silent: a scanned code that may be no member at all (or a till user without
        // the Member Cashier role) falls back to the usual "not found" handling
        const call = silent ? this.data.silentCall.bind(this.data) : this.data.call.bind(this.data);
        const result = await call("loyalty.card", "hyc_pos_find_member", [text, this.config.id, silent]);
        if (!result || !result["res.partner"]?.length) {
            return false;
        }
        const loaded = this.data.models.loadData(
            { "res.partner": result["res.partner"], "loyalty.card": result["loyalty.card"] },
            [],
            true
        );
        const partner = loaded["res.partner"][0];
        const order = this.get_order();
        if (order && order.get_partner() !== partner) {
            order.set_partner(partner);
        }
        this.updateRewards();
        this.hycNotifyMember(partner, result.members || []);
        return partner;
    },
    hycNotifyMember(partner, members) {
        const parts = members.map((member) =>
            member.program_type === "ewallet"
                ? _t("%(program)s: %(amount)s", {
                      program: member.program_name,
                      amount: this.env.utils.formatCurrency(member.balance),
                  })
                : _t("%(program)s: %(points)s points", {
                      program: member.program_name,
                      points: member.balance,
                  })
        );
        const number = members[0]?.member_number || "";
        this.notification.add(parts.join(" · "), {
            title: _t("Member %(name)s (%(number)s)", { name: partner.name, number }),
            type: "success",
        });
    },
    async hycStoredValueBalance(partner, programId) {
        return await this.data.call("loyalty.card", "hyc_pos_stored_value_balance", [
            partner.id,
            programId,
        ]);
    },
    async activateCode(code) {
        // a scanned member card (its code or member number) sets the customer
        const known =
            this.models["loyalty.card"].find((card) => card.code === code) ||
            this.models["loyalty.rule"].find(
                (rule) => rule.mode === "with_code" && (rule.promo_barcode === code || rule.code === code)
            );
        if (!known && (await this.hycFindMember(code, { silent: true }))) {
            return true;
        }
        return await super.activateCode(...arguments);
    },
});
