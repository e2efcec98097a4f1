"""The problem tracker (问题跟踪表): problems across runs, with the engineer's assignments."""
