"""Multi-step user flows shared by several screens (each flow exists once)."""
