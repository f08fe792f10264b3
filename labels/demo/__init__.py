"""Demo data of the label, added by labels\x27 seed_demo on top of the initiatives\x27 one."""
