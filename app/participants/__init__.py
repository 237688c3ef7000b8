"""People invited to a campaign: roster, CSV import, invitation and open links, rights."""
