"""E-mail: the outbox (queue, encrypted bodies), its delivery worker, templates, mail-outs."""
