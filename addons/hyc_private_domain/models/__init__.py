from . import (
    hyc_pd_audience_mixin,
    hyc_pd_broadcast,
    hyc_pd_delivery,
    hyc_pd_faq,
    hyc_pd_group,
    hyc_pd_group_tag,
    hyc_pd_membership,
    hyc_pd_run,
    hyc_pd_schedule,
    hyc_pd_segment,
    res_partner,
    res_partner_category,
)
