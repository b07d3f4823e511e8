"""Analysis over the store: figures an analyst asks for, each with the incidents behind it."""
