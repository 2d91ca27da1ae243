# lit configuration for Raceway for C.
#
# Substitutions (use them instead of spelling paths):
#   %plugin      RacewayPass.so
#   %opt         opt of the LLVM the pass was built against
#   %clang       clang of that LLVM
#   %rwcc        %clang with the plugin and the public headers: compile and
#                link an instrumented program (add -O<n>, -g as needed)
#   %rwlibs      link flags for libraceway (rpath set)
#   %rwinc       -I for the public headers
#   %rwlibdir    the directory of libraceway.so
#   %collector   python3 test/tools/collector.py (local Raceway collector)
#   %python      python3
#   %srcroot     repository root
# Available features: llvm-<major>, sanitize (runtime built with sanitizers)
import os
import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "Raceway"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".ll", ".c", ".cpp", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.excludes = ["Inputs", "unit", "tools", "CMakeLists.txt", "lit.cfg.py"]

tools = config.llvm_tools_dir
plugin = config.raceway_plugin
san = config.raceway_sanitize_flags
rt = config.raceway_runtime_dir
libs = "-L%s -Wl,-rpath,%s -lraceway -lpthread %s" % (rt, rt, san)
inc = "-I%s" % config.raceway_include_dir

config.substitutions.append(("%plugin", plugin))
config.substitutions.append(("%opt", os.path.join(tools, "opt")))
config.substitutions.append(("%rwcc", "%s -fpass-plugin=%s %s %s" % (
    os.path.join(tools, "clang"), plugin, inc, san)))
config.substitutions.append(("%rwlibs", libs))
config.substitutions.append(("%rwinc", inc))
config.substitutions.append(("%rwlibdir", rt))
config.substitutions.append(("%clang", os.path.join(tools, "clang")))
config.substitutions.append(("%collector", "%s %s" % (
    config.python_executable,
    os.path.join(config.raceway_src_dir, "test", "tools", "collector.py"))))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%srcroot", config.raceway_src_dir))
llvm_config.add_tool_substitutions(["FileCheck", "not", "count", "llvm-readelf"], tools)

config.available_features.add("llvm-" + config.llvm_version_major)
if san:
    config.available_features.add("sanitize")

# Feature openmp: clang builds and links an OpenMP program (libomp
# installed) and libraceway is an OMPT tool (built with omp-tools.h:
# runtime/ompt).  The OpenMP corpus programs REQUIRE it.
def raceway_openmp_available():
    import subprocess
    try:
        with open(os.path.join(rt, "libraceway.so"), "rb") as f:
            if b"ompt_start_tool" not in f.read():
                return False
        probe = subprocess.run(
            [os.path.join(tools, "clang"), "-fopenmp", "-x", "c", "-", "-o", os.devnull],
            input=b"#include <omp.h>\nint main(void) { return omp_get_max_threads() < 1; }\n",
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        return probe.returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False
if raceway_openmp_available():
    config.available_features.add("openmp")

# Keep the runtime's environment deterministic: no RACEWAY_* leaks in from
# the caller (lit passes only a few variables through anyway).
for var in [v for v in config.environment if v.startswith("RACEWAY_")]:
    del config.environment[var]
# detect_stack_use_after_return=0: ASan's fake stack frames pass from a
# thread that ended to a running one with no free the detector sees, so
# whole-file mode's escaped locals in them race falsely (README, whole-file
# mode: a thread's stack reused by a later thread).
config.environment["ASAN_OPTIONS"] = (
    "detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=0")
