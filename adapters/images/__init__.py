"""Badge images: uploaded ones made safe, missing ones drawn."""
