"""The clause library manager: browse, edit, approve and share the team's clause libraries."""
