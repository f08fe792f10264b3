"""The collectivities' dossiers for a label campaign: what agents write and deposit, and
what editors check (see labels/campaign.py for the calendar)."""
