"""budget_peaks.py ERR PART=KIB... - for each part, "PART ok" if the peak
in the RACEWAY_DEBUG exit line's memory tail ("rings 1024/8704, ...") is at
most KIB (a part the line does not list was never used: 0), else
"PART over: PEAK KiB"; "no exit line" if there is none."""
import re
import sys

text = open(sys.argv[1]).read()
if "memory KiB used/peak" not in text:
    print("no exit line")
for arg in sys.argv[2:]:
    part, limit = arg.split("=")
    m = re.search(r"[:,] %s (\d+)/(\d+)" % re.escape(part), text)
    peak = int(m.group(2)) if m else 0
    if peak <= int(limit):
        print(part, "ok")
    else:
        print(part, "over:", peak, "KiB")
