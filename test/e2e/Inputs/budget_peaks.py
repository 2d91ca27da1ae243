"""budget_peaks.py ERR PART=KIB... - for each part, "PART ok" if the peak
in the RACEWAY_DEBUG exit line's memory tail ("rings 1024/8704, ...") is at
most KIB, else "PART over: PEAK KiB"; "PART missing" if the line has none."""
import re
import sys

text = open(sys.argv[1]).read()
for arg in sys.argv[2:]:
    part, limit = arg.split("=")
    m = re.search(r"[:,] %s (\d+)/(\d+)" % re.escape(part), text)
    if not m:
        print(part, "missing")
    elif int(m.group(2)) <= int(limit):
        print(part, "ok")
    else:
        print(part, "over:", m.group(2), "KiB")
