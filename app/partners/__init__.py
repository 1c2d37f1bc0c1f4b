"""Partner institutions (mitra): the directory the sessions and partnerships domains use."""
