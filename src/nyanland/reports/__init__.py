"""Files made from service results: the statistics CSV, spreadsheets and PDF reports."""
