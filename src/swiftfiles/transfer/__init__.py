"""Moving bytes: upload sources, verified downloads and safe local paths (the transfer engine grows here)."""
