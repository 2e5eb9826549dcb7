"""HTML pages for people: the landing page and the Swagger UI assets served offline."""
