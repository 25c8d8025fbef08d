"""Speed and memory benchmarks: they print figures, they assert nothing (see bench/README.md)."""
