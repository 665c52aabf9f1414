"""Queries per request stay flat as the data grows: the same budget holds at 10 and 1,000 rows.

The paths are the benchmark's own scenarios, so what is load-tested is what is budgeted here.
"""

import pytest

from bench.scenarios import BenchData, build, clients

# The most queries one request of each scenario may take, whatever the data size.
BUDGETS = {
    "floor_framework": 0,
    "floor_data": 1,
    "floor_wagtail": 9,
    "api_v2_partners": 6,
    "api_v3_pages_partners": 6,
    "api_v3_partners_topic": 9,
    "api_v3_partner_detail": 7,
    "api_v3_body_sessions": 11,
    "api_v3_events_range": 6,
    "api_v3_search": 13,
    "oparl_meetings": 8,
    "oparl_organizations": 7,
    "oparl_meeting": 6,
    "ical_all_sessions": 7,
    "atom_feed": 5,
    "html_home": 24,
    "html_partner_directory": 20,
    "html_partner_profile": 20,
    "html_body": 20,
    "html_event_calendar": 15,
    "html_search": 14,
    "admin_member_list": 13,
    "admin_member_edit": 20,
}


@pytest.mark.parametrize("rows", [10, 1000])
def test_query_budget_is_independent_of_data_size(
    rows, generate, bench_urls, django_assert_max_num_queries
):
    generate(rows)
    bench_clients = clients()
    scenarios = {s.name: s for s in build(BenchData.read())}

    for name, budget in BUDGETS.items():
        scenario = scenarios[name]
        client = bench_clients["signed_in" if scenario.signed_in else "anonymous"]
        with django_assert_max_num_queries(budget, info=name):
            response = client.get(scenario.path, headers=scenario.headers)
        assert response.status_code == 200, name
