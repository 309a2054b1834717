"""Interactive HTML views."""
