"""LTI 1.3 glue around pylti1p3: plain requests in, domain launches out, state kept server-side."""
