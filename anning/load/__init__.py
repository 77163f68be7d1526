"""From files to the store: the data contract, validation and loading of batches, the demo data generator and the first-start bootstrap."""
