from odoo import Command


def create_member_programs(env, suffix=""):
    """A points program and a stored-value (eWallet) program run as member programs
    (Odoo's default rules and rewards of each type are kept)."""
    Program = env["loyalty.program"]
    points = Program.create({
        "name": f"HYC Points{suffix}", "program_type": "loyalty", "hyc_member_program": True,
        "hyc_member_weekday": "4", "hyc_member_day_multiplier": 2.0, "hyc_birthday_multiplier": 3.0,
        "hyc_expiry_policy": "end_of_next_year",
    })
    wallet = Program.create({
        "name": f"HYC Stored Value{suffix}", "program_type": "ewallet", "hyc_member_program": True,
        "hyc_topup_tier_ids": [Command.create({"min_paid": 300, "bonus": 30}),
                               Command.create({"min_paid": 500, "bonus": 60})],
    })
    return points, wallet
