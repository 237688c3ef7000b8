"""The audit log: who exported or saw what (append-only), and its reading."""
