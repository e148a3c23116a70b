"""The editors' start page: what in the reference needs work, and what readers searched for in vain."""
