@NullMarked
package org.p2psip.registry.trust;

import org.jspecify.annotations.NullMarked;
