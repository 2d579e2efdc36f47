"""Training, export and evaluation of the digitpad model (needs digitpad[train])."""
