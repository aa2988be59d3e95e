"""Microneedling aftercare bot: answers, triage, check-ins and staff tools."""
