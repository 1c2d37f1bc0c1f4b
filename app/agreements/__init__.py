"""Cooperation agreements with partners (MoU and PKS), their quotas and the expiry watch."""
