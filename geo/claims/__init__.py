"""Claims: for every resolved place, the event, who acted, who says so (claimant and side), the
verification status from the whole article, and the event date."""
