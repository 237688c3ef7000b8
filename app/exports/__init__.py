"""Data leaving the platform: HR exports (CSV/XLSX + codebook) and research rows."""
