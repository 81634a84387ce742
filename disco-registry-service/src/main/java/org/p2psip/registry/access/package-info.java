@NullMarked
package org.p2psip.registry.access;

import org.jspecify.annotations.NullMarked;
