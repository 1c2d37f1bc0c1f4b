"""Programs (the catalogue): what is taught, to whom, for how many JP, how one passes."""
