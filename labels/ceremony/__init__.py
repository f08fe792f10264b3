"""After the jury: the laureates told of their result, their kit (badge and certificate),
the press figures of the edition."""
