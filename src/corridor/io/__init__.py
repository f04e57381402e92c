"""Files in and out: the codelist, the IAMC table, the workbook, netCDF and the output
folder."""
