"""Assets: the style sheet and scripts shared by every profile page (written once into a site's assets/)."""
