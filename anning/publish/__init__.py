"""What leaves the building: exports, frozen documents (the quarterly inventory), name-and-shame list versions and lead referrals."""
