"""PTB callbacks: each turns an update into calls of the core and store, and replies back."""
